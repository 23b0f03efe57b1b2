export { parseEnv, port, type EnvSchema } from "./parse-env";
export { contentSecurityPolicy, createNonce, securityHeaders, securityHeadersForRequest, type SecurityHeaderOptions } from "./security-headers";
export { CSV_BOM, csvText } from "./csv";
export { formatMoney } from "./money";
