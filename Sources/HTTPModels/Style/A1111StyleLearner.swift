import Clients
import DreamFrameCore
import Foundation
import Models

/// A ``StyleLearner`` that trains one textual-inversion embedding per style on an AUTOMATIC1111 server, through
/// its own API (`modules/api/api.py`): `POST /sdapi/v1/create/embedding`, `POST /sdapi/v1/train/embedding` (which
/// answers when the training is over; `GET /sdapi/v1/progress` shows it meanwhile), then `GET
/// /sdapi/v1/embeddings` to confirm the server loaded it at the trained step.
///
/// The embedding is named by the style (``StyleArtifact/token(styleId:)``), so the next holder of the style's
/// lease finds what an earlier one left: a training of it still running on the server (its learner was killed:
/// the server goes on) is waited for and adopted, one that finished is adopted, and anything else is created
/// again from scratch (`overwrite_old`) and trained. The server trains one embedding at a time, so a training is
/// started only on an idle server. The reference images are the folder the stage rendered or the movie brought,
/// named as the server sees it (``Options/pathMap``); the trained `.pt` is read back from the server's embeddings
/// folder when this host shares it (``Options/embeddingsDirectory``), so the style cache keeps the file itself.
public struct A1111StyleLearner: StyleLearner {
    /// How to train.
    public struct Options: Sendable, Hashable {
        /// Optimisation steps.
        public var steps: Int
        /// The learning rate (A1111 takes a schedule such as `0.005:100, 1e-3:1000`).
        public var learnRate: String
        /// Vectors per token (the paper learns one token; more vectors hold more of the style).
        public var vectorsPerToken: Int
        /// Training image size.
        public var size: Int
        /// The prompt template file of A1111's `textual_inversion_templates/` (`style.txt`: "a painting, art by [name]").
        public var template: String
        /// The checkpoint the server trains against: part of the style's identity.
        public var baseModel: String
        /// This host's reference folders as the server sees them.
        public var pathMap: PathMap?
        /// The server's embeddings folder as this host sees it, to read the trained file back.
        public var embeddingsDirectory: URL?
        /// The longest a training may take (a request's own ``StyleRequest/timeLimit`` may be shorter).
        public var timeout: Duration
        /// How often progress is looked at.
        public var pollInterval: Duration

        /// Creates options.
        public init(steps: Int = 1500, learnRate: String = "0.005", vectorsPerToken: Int = 4, size: Int = 512,
                    template: String = "style.txt", baseModel: String = "sd-v1-5", pathMap: PathMap? = nil,
                    embeddingsDirectory: URL? = nil, timeout: Duration = .seconds(6600),
                    pollInterval: Duration = .seconds(2)) {
            self.steps = steps
            self.learnRate = learnRate
            self.vectorsPerToken = vectorsPerToken
            self.size = size
            self.template = template
            self.baseModel = baseModel
            self.pathMap = pathMap
            self.embeddingsDirectory = embeddingsDirectory
            self.timeout = timeout
            self.pollInterval = pollInterval
        }
    }

    /// The server's root (`http://host:7860`).
    public let baseURL: URL
    /// How to train.
    public let options: Options
    /// Sent as `Authorization: Bearer <apiKey>` when set. Never printed.
    public let apiKey: String?
    /// The HTTP client.
    public let client: HTTPClient

    /// Creates a learner for one server.
    public init(baseURL: URL, options: Options, apiKey: String? = nil, client: HTTPClient) {
        self.baseURL = baseURL
        self.options = options
        self.apiKey = apiKey
        self.client = client
    }

    /// `a1111:<base model>:<steps>x<vectors>`: a style trained otherwise is another style.
    public var learnerId: String { "a1111:\(options.baseModel):\(options.steps)x\(options.vectorsPerToken)" }

    /// It trains from image files.
    public var needsReferenceImages: Bool { true }

    public func learnStyle(_ request: StyleRequest) async throws -> StyleEmbedding {
        try await learnStyle(request) { _ in }
    }

    public func learnStyle(_ request: StyleRequest, progress: @escaping @Sendable (String) -> Void) async throws -> StyleEmbedding {
        guard !request.styleId.isEmpty else { throw ModelError.permanent("an A1111 style needs its style id to name the embedding") }
        guard let first = request.referenceImages.first else {
            throw ModelError.permanent("A1111 trains from reference images, and the style has none")
        }
        let token = StyleArtifact.token(styleId: request.styleId)
        let folder = URL(fileURLWithPath: first).deletingLastPathComponent().path
        let dataRoot = options.pathMap?.apply(folder) ?? folder
        let limit = TimeLimit(request.timeLimit(cappedBy: options.timeout))
        var trained = false
        while true {
            let state = try await serverState(token)
            if state.step >= options.steps, !(state.training && state.stepMoving) {
                progress("embedding \(token) is on the server at step \(state.step)" + (trained ? "" : " (adopted: trained earlier)"))
                break
            }
            if state.training {
                // Ours (a learner killed mid-training left it running) or another style's: wait until it ends.
                progress("the server is training (\(state.description)); waiting for it")
                try await sleep(within: limit, what: "the server to finish its training")
                continue
            }
            if trained {
                throw ModelError.transient("A1111 finished training \(token) but does not list it at step \(options.steps) "
                                           + "(\(state.description)); it will be trained again")
            }
            try await create(token, keyword: request.style.keyword)
            progress("training \(token) on \(baseURL.host ?? "the server") from \(dataRoot): \(options.steps) steps")
            try await train(token, dataRoot: dataRoot, within: limit, progress: progress)
            trained = true
            if try await serverState(token).step < options.steps {
                try await send(HTTPRequest(method: .post, url: url("sdapi/v1/refresh-embeddings"), headers: headers,
                                           timeout: .seconds(120)))
            }
        }
        return StyleEmbedding(styleId: request.styleId, keyword: request.style.keyword, vector: [], lossCurve: [],
                              learner: learnerId, artifact: try artifact(token))
    }

    /// The trained file, read from the shared embeddings folder (empty bytes when this host does not share it).
    func artifact(_ token: String) throws -> StyleArtifact {
        var bytes = Data()
        if let directory = options.embeddingsDirectory {
            let file = directory.appendingPathComponent("\(token).pt")
            guard let data = FileManager.default.contents(atPath: file.path), StyleArtifact.detectFormat(data) == .pt else {
                throw ModelError.transient("the trained embedding \(file.path) is missing or not a PyTorch file "
                                           + "(is --style-embeddings-dir the folder the A1111 server saves into?)")
            }
            bytes = data
        }
        return StyleArtifact(token: token, format: .pt, bytes: bytes, baseModel: options.baseModel, learner: learnerId,
                             steps: options.steps)
    }

    func url(_ path: String) -> URL { baseURL.appendingPathComponent(path) }

    /// `GET /sdapi/v1/progress?skip_current_image=true` (no preview image in the answer).
    var progressURL: URL {
        var components = URLComponents(url: url("sdapi/v1/progress"), resolvingAgainstBaseURL: false)
        components?.queryItems = [URLQueryItem(name: "skip_current_image", value: "true")]
        return components?.url ?? url("sdapi/v1/progress")
    }

    var headers: HTTPHeaders {
        var headers = HTTPHeaders()
        if let apiKey { headers["Authorization"] = "Bearer \(apiKey)" }
        return headers
    }

    func sleep(within limit: TimeLimit, what: String) async throws {
        guard !limit.isOver else {
            throw ModelError.transient("waited the training's time limit of \(limit.duration) for \(what)")
        }
        try await Task.sleep(for: options.pollInterval)
    }
}
