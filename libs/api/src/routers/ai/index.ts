import { router } from "../../trpc";
import { createChatProcedure } from "./create-chat";
import { deleteChatProcedure } from "./delete-chat";
import { getAssistantStatusProcedure } from "./get-assistant-status";
import { getChatProcedure } from "./get-chat";
import { listChatsProcedure } from "./list-chats";
import { renameChatProcedure } from "./rename-chat";

/** The AI assistant's chats and status (the streamed turn itself is a route handler: POST /api/chat). */
export const aiRouter = router({
  status: getAssistantStatusProcedure,
  chats: listChatsProcedure,
  chat: getChatProcedure,
  createChat: createChatProcedure,
  renameChat: renameChatProcedure,
  deleteChat: deleteChatProcedure,
});
