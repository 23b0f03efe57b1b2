import "server-only";
import { api } from "../../../server/api";
import { requireActiveOrganization } from "../../../server/workspace";

/** What every assistant page starts from: the organization, whether a model is set up, and the person's chats. */
export async function loadAssistant() {
  const { active } = await requireActiveOrganization();
  const status = await api.ai.status();
  const chats = status.configured ? await api.ai.chats() : [];
  return { active, status, chats };
}
