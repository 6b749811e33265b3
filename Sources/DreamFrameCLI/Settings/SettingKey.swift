/// Every setting that can come from a flag, the environment or the config file, with its three names.
public enum SettingKey: String, CaseIterable, Sendable {
    case brokerURL = "broker_url"
    case brokerCA = "broker_ca"
    case brokerCert = "broker_cert"
    case brokerKey = "broker_key"
    case heartbeat
    case redisURL = "redis_url"
    case topology
    case out
    case logLevel = "log_level"
    case storyModel = "story_model"
    case storyModelURL = "story_model_url"
    case storyModelName = "story_model_name"
    case imageModel = "image_model"
    case imageModelURL = "image_model_url"
    case imageModelName = "image_model_name"
    case apiKeyEnv = "api_key_env"
    case modelTimeout = "model_timeout"
    case storyModelMode = "story_model_mode"
    case modelConcurrency = "model_concurrency"
    case modelRPM = "model_rpm"
    case modelTPM = "model_tpm"
    case modelMaxTokens = "model_max_tokens"
    case modelRateLimitWait = "model_rate_limit_wait"
    case modelCache = "model_cache"
    case modelCacheBytes = "model_cache_bytes"
    case imageWorkflow = "image_workflow"
    case imageEmbeddingsDir = "image_embeddings_dir"
    case imageCheckpoint = "image_checkpoint"
    case imageRefiner = "image_refiner"
    case imageSteps = "image_steps"
    case negativePrompt = "negative_prompt"
    case styleLearner = "style_learner"
    case styleLearnerURL = "style_learner_url"
    case styleTrainerCommand = "style_trainer_command"
    case styleSteps = "style_steps"
    case styleBaseModel = "style_base_model"
    case stylePathMap = "style_path_map"
    case styleEmbeddingsDir = "style_embeddings_dir"
    case styleReferences = "style_references"
    case styleReferenceLocations = "style_reference_locations"
    case styleTrainTimeout = "style_train_timeout"
    case metricsPort = "metrics_port"
    case metricsHost = "metrics_host"
    case managementURL = "management_url"
    case videos

    /// The key in a config file (`broker_url`).
    public var fileKey: String { rawValue }

    /// The environment variable (`DREAMFRAME_BROKER_URL`).
    public var environmentVariable: String { "DREAMFRAME_" + rawValue.uppercased() }

    /// The command-line flag (`--broker-url`).
    public var flag: String { "--" + rawValue.replacingOccurrences(of: "_", with: "-") }
}
