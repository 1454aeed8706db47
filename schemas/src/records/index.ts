export * from "./curation";
export * from "./record-view";
export * from "./step-scores";
export * from "./trajectory";
export * from "./record-text";
export * from "./judge-of";
