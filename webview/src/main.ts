import "./lit-nonce";
import "./styles.css";
import { VsCodeHost } from "./host/vscode-host";
import { mountApp } from "./views/curation-app";

mountApp(new VsCodeHost(), document.body);
