// "Load a lock from a file": a scenario file (e.g. one a customer's lock was saved as) becomes a
// new lock on this server. The server reads and checks it; its refusal (with the line at fault)
// is shown like any other error.
import { api } from "../api-client.ts";
import { store } from "../store.ts";

/** The server's bound; checked here first so a person is told at once. */
const MAX_FILE_BYTES = 48 * 1024;

export function ImportLock() {
  const load = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      store.showError(
        `"${file.name}" is ${Math.ceil(file.size / 1024)} KB: a scenario file has at most 48 KB.`,
      );
      return;
    }
    const made = await api.importLock({ file: await file.text() }).catch(() => null);
    if (made) store.select(made.id);
  };
  return (
    <label class="button-like file-load">
      Load a lock from a file
      <input
        type="file"
        accept=".yaml,.yml,.json,application/yaml,text/yaml,application/json"
        data-action="import-lock"
        onChange={(e) => void load(e.currentTarget)}
      />
    </label>
  );
}
