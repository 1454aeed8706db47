export * from "./method-configs/key-spec";
export * from "./method-configs/method-classes";
export * from "./method-configs/roles";
export * from "./diagnostic-codes";
export * from "./settings";
