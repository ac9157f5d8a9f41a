/**
 * A field where a person chooses a password: the hub refuses one shorter than 10 characters,
 * so the browser says so before the request, and password managers offer a new one.
 */
export const NEW_PASSWORD_MIN_LENGTH = 10;

export function NewPasswordField({
  label,
  name,
  value,
  onChange,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <label>
      {label}
      <input
        name={name}
        type="password"
        autoComplete="new-password"
        minLength={NEW_PASSWORD_MIN_LENGTH}
        required
        value={value}
        onInput={(e) => onChange(e.currentTarget.value)}
      />
    </label>
  );
}
