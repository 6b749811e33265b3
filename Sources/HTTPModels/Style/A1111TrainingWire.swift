import Foundation

/// The body of AUTOMATIC1111's `POST /sdapi/v1/create/embedding`: the keyword arguments of
/// `modules/textual_inversion/textual_inversion.py` `create_embedding(name, num_vectors_per_token, overwrite_old,
/// init_text)`, which `modules/api/api.py` calls as `create_embedding(**args)`.
struct A1111CreateEmbedding: Encodable {
    var name: String
    var numVectorsPerToken: Int
    var overwriteOld: Bool
    var initText: String

    enum CodingKeys: String, CodingKey {
        case name
        case numVectorsPerToken = "num_vectors_per_token"
        case overwriteOld = "overwrite_old"
        case initText = "init_text"
    }
}

/// The body of AUTOMATIC1111's `POST /sdapi/v1/train/embedding`: every parameter of `textual_inversion.py`
/// `train_embedding(id_task, embedding_name, …, preview_height)`, which the API calls as `train_embedding(**args)` —
/// a missing or extra key is a TypeError there, so this carries exactly that list, with the web UI's defaults.
struct A1111TrainEmbedding: Encodable {
    var idTask: String
    var embeddingName: String
    var learnRate: String
    var batchSize = 1
    var gradientStep = 1
    var dataRoot: String
    var logDirectory = "textual_inversion"
    var trainingWidth: Int
    var trainingHeight: Int
    var varsize = false
    var steps: Int
    var clipGradMode = "disabled"
    var clipGradValue = "0.1"
    var shuffleTags = false
    var tagDropOut = 0.0
    var latentSamplingMethod = "once"
    var useWeight = false
    var createImageEvery = 0
    var saveEmbeddingEvery = 0
    var templateFilename: String
    var saveImageWithStoredEmbedding = false
    var previewFromTxt2img = false
    var previewPrompt = ""
    var previewNegativePrompt = ""
    var previewSteps = 20
    var previewSamplerName = "Euler a"
    var previewCfgScale = 7.0
    var previewSeed = -1
    var previewWidth = 512
    var previewHeight = 512

    enum CodingKeys: String, CodingKey {
        case idTask = "id_task", embeddingName = "embedding_name", learnRate = "learn_rate", batchSize = "batch_size"
        case gradientStep = "gradient_step", dataRoot = "data_root", logDirectory = "log_directory"
        case trainingWidth = "training_width", trainingHeight = "training_height", varsize, steps
        case clipGradMode = "clip_grad_mode", clipGradValue = "clip_grad_value", shuffleTags = "shuffle_tags"
        case tagDropOut = "tag_drop_out", latentSamplingMethod = "latent_sampling_method", useWeight = "use_weight"
        case createImageEvery = "create_image_every", saveEmbeddingEvery = "save_embedding_every"
        case templateFilename = "template_filename"
        case saveImageWithStoredEmbedding = "save_image_with_stored_embedding"
        case previewFromTxt2img = "preview_from_txt2img", previewPrompt = "preview_prompt"
        case previewNegativePrompt = "preview_negative_prompt", previewSteps = "preview_steps"
        case previewSamplerName = "preview_sampler_name", previewCfgScale = "preview_cfg_scale"
        case previewSeed = "preview_seed", previewWidth = "preview_width", previewHeight = "preview_height"
    }
}

/// AUTOMATIC1111's answer to create and train (`models.py` `CreateResponse` / `TrainResponse`): the outcome is
/// text, with HTTP 200 even when it failed.
struct A1111Info: Decodable {
    var info: String
}

/// AUTOMATIC1111's `GET /sdapi/v1/progress` (`models.py` `ProgressResponse`): what the server is doing.
struct A1111Progress: Decodable {
    struct State: Decodable {
        var job: String?
        var samplingStep: Int?
        var samplingSteps: Int?
        enum CodingKeys: String, CodingKey { case job, samplingStep = "sampling_step", samplingSteps = "sampling_steps" }
    }
    var progress: Double?
    var state: State?
    var textinfo: String?

    /// True while a textual-inversion training runs (`shared.state.begin(job="train_embedding")`).
    var isTraining: Bool { state?.job == "train_embedding" }
}
