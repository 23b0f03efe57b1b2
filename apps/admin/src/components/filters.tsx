/** The console's filter forms: plain GET forms, so a filtered page is a link to share or reload. */
const inputClass =
  "mt-1 block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 shadow-sm focus:border-zinc-500 focus:outline-none focus:ring-2 focus:ring-zinc-500/30 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";
const labelClass = "block text-sm font-medium text-zinc-700 dark:text-zinc-300";

export function FilterField({ name, label, value, type = "search", placeholder, className = "" }: { name: string; label: string; value: string | undefined; type?: "search" | "date"; placeholder?: string; className?: string }) {
  return (
    <label className={`${labelClass} ${className}`}>
      {label}
      <input type={type} name={name} defaultValue={value ?? ""} placeholder={placeholder} className={inputClass} />
    </label>
  );
}

export function FilterSelect({ name, label, value, options }: { name: string; label: string; value: string | undefined; options: readonly { value: string; label: string }[] }) {
  return (
    <label className={labelClass}>
      {label}
      <select name={name} defaultValue={value ?? ""} className={inputClass}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}
