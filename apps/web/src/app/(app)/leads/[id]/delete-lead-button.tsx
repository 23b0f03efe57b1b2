"use client";

import { ConfirmDialog, toast } from "@saas/ui";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "../../../../trpc/client";
import { problemOfApiError } from "../../../../trpc/problem";

export function DeleteLeadButton({ id, name }: { id: string; name: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const remove = useMutation(
    trpc.leads.delete.mutationOptions({
      onSuccess: () => {
        toast.success(`${name} was deleted.`);
        router.push("/leads");
      },
      onError: (error) => toast.error(problemOfApiError(error).message),
    }),
  );
  return (
    <ConfirmDialog trigger="Delete" title={`Delete ${name}?`} confirmLabel="Delete lead" pending={remove.isPending} onConfirm={() => remove.mutateAsync({ id }).then(() => undefined, () => undefined)}>
      The lead and its history are deleted. This cannot be undone.
    </ConfirmDialog>
  );
}
