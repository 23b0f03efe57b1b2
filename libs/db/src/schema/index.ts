export * from "./enums";
export * from "./relations";
export * from "./tables";
export { TENANT_ROLE, TENANT_SETTING } from "./tenancy";
