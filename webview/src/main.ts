import "./lit-nonce";
import "./styles.css";
import { VsCodeHost } from "./host/vscode-host";
import { mountApp } from "./views/mount-app";

mountApp(new VsCodeHost(), document.body);
