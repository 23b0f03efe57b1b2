export { chatRequestSchema, streamChatTurn, type ChatRequest, type ChatTurn } from "./chat";
export { createChat, deleteChat, getChat, listChats, renameChat, type ChatOwner, type StoredMessage } from "./chat-store";
export { readAiConfig, type AiConfig, type AiProvider } from "./env";
export { createChatModel } from "./model";
export { createLeadTools, type LeadCard } from "./tools";
