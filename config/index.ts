export { DEFAULT_CONFIG } from "./defaults";
export { ConfigError, type ConfigProblem } from "./errors";
export { configPath, loadConfig, parseConfig, type ConfigSource } from "./load";
export { configSchema, type InfraConfig, type InfraConfigInput, type ServiceSettings } from "./schema";
