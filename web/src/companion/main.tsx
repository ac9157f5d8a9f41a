// Entry of the companion app (/app/): the hub in the browser for owners, managers and guests.
import { render } from "preact";
import { CompanionApp } from "./companion-app.tsx";
import "./companion.css";

render(<CompanionApp />, document.getElementById("app")!);
