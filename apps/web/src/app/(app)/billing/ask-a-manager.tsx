import { Fragment } from "react";
import { TextLink } from "../../../components/text-link";
import type { Manager } from "./billing-types";

/**
 * What a member reads where an owner or admin would find a button: who can do it, by name, each
 * a mail link. Reads "Only owners and admins can change the plan. Ask Ada Owner or Ben Admin."
 */
export function AskAManager({ action, managers }: { action: string; managers: Manager[] }) {
  // Owners first: they can do everything billing needs.
  const people = [...managers].sort((a, b) => Number(b.role === "owner") - Number(a.role === "owner"));
  return (
    <p className="text-sm text-zinc-600 dark:text-zinc-400">
      Only owners and admins can {action}. Ask{" "}
      {people.length === 0
        ? "an owner or admin"
        : people.map((manager, index) => (
            <Fragment key={manager.email}>
              {index === 0 ? "" : index === people.length - 1 ? " or " : ", "}
              <TextLink href={`mailto:${manager.email}`}>{manager.name}</TextLink>
            </Fragment>
          ))}
      .
    </p>
  );
}
