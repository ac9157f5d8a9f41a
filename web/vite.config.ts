// Vite builds the browser app (web/) into web/dist, which the lock server serves.
// `npm run web:dev` runs Vite's dev server with the API proxied to a running `npm start`.
import preact from "@preact/preset-vite";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [preact()],
  // Two pages: the lock page (index.html) and the companion app (app/index.html, issue 11).
  build: {
    outDir: "dist",
    emptyOutDir: true,
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL("index.html", import.meta.url)),
        app: fileURLToPath(new URL("app/index.html", import.meta.url)),
      },
    },
  },
  // The lock server answers only its own host and origin (docs/security.md), so the proxy
  // presents itself as the page the server serves; Vite checks the dev page's own host.
  server: {
    proxy: {
      "/api": {
        target: "http://localhost:8080",
        ws: true,
        changeOrigin: true,
        headers: { origin: "http://localhost:8080" },
      },
    },
  },
});
