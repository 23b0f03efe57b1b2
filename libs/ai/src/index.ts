export { chatRequestSchema, streamChatTurn, type ChatRequest, type ChatTurn } from "./chat";
export { createChat, deleteChat, getChat, listChats, NEW_CHAT_TITLE, renameChat, type ChatOwner, type StoredMessage } from "./chat-store";
export { AI_PROVIDERS, AI_VARIABLES, readAiConfig, type AiConfig, type AiProvider } from "./env";
export { createChatModel } from "./model";
export { createLeadTools, type LeadCard, type LeadTools, type ToolActor } from "./tools";
