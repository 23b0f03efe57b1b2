export { startScriptedOpenAiServer, type ScriptedOpenAiServer, type ServerStep } from "./openai-compatible-server";
export { readUIStream, scriptedModel, type ScriptStep } from "./scripted-model";
