export * from "./enums";
export * from "./relations";
export * from "./tables";
export { ACTOR_SETTING, TENANT_ROLE, TENANT_SETTING } from "./tenancy";
