export { parseEnv, port, type EnvSchema } from "./parse-env";
