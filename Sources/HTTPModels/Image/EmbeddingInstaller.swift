import Clients
import DreamFrameCore
import Foundation
import Models

/// Makes sure an image server has a learned style's embedding before a prompt names it.
///
/// It asks the server once per process and token: AUTOMATIC1111's `GET /sdapi/v1/embeddings` (`{"loaded": {name:
/// …}, "skipped": {…}}`, `modules/api/api.py` `get_embeddings`) or ComfyUI's `GET /embeddings` (a list of names,
/// `server.py`). When the server lacks it, the artifact's bytes from the style cache are written into the folder
/// the server loads embeddings from (`directory`, as this host sees it: a shared filesystem) through a temporary
/// file and a rename, AUTOMATIC1111 is told to load it (`POST /sdapi/v1/refresh-embeddings`), and the server is
/// asked again. An embedding the server loaded but skipped (trained for another base model) is a permanent error.
public actor EmbeddingInstaller {
    /// Which server's API.
    public enum Server: Sendable, Hashable {
        case automatic1111
        case comfyUI
    }

    let server: Server
    let baseURL: URL
    let directory: URL?
    let client: HTTPClient
    let apiKey: String?
    private var present: Set<String> = []
    /// Installs under way, by token: concurrent renders of one style wait for the one install.
    private var installing: [String: Task<Void, any Error>] = [:]

    /// Creates an installer for one server.
    public init(server: Server, baseURL: URL, directory: URL?, client: HTTPClient, apiKey: String?) {
        self.server = server
        self.baseURL = baseURL
        self.directory = directory
        self.client = client
        self.apiKey = apiKey
    }

    /// Returns once the server has `artifact`'s embedding loaded; installs it when it has not. Concurrent calls
    /// for one token share one look-up and install.
    public func ensure(_ artifact: StyleArtifact) async throws {
        if present.contains(artifact.token) { return }
        if let running = installing[artifact.token] { return try await running.value }
        let task = Task { try await self.lookUpOrInstall(artifact) }
        installing[artifact.token] = task
        defer { installing[artifact.token] = nil }
        try await task.value
    }

    private func lookUpOrInstall(_ artifact: StyleArtifact) async throws {
        if try await lookUp(artifact.token) {
            present.insert(artifact.token)
            return
        }
        guard let directory else {
            throw ModelError.permanent("the image server has no embedding \(artifact.token) and no --image-embeddings-dir "
                                       + "says where to install it (the folder the server loads embeddings from)")
        }
        guard !artifact.bytes.isEmpty else {
            throw ModelError.permanent("the image server has no embedding \(artifact.token), and the style cache holds "
                                       + "only its name (it was learned without a shared embeddings folder)")
        }
        try install(artifact, into: directory)
        if server == .automatic1111 {
            let refresh = HTTPRequest(method: .post, url: baseURL.appendingPathComponent("sdapi/v1/refresh-embeddings"),
                                      headers: headers, timeout: .seconds(120))
            try (try await send(refresh)).requireSuccess()
        }
        guard try await lookUp(artifact.token) else {
            throw ModelError.transient("the image server does not list embedding \(artifact.token) after it was "
                                       + "installed into \(directory.path)")
        }
        present.insert(artifact.token)
    }

    /// True when the server has `token` loaded; a skipped embedding is a permanent error.
    func lookUp(_ token: String) async throws -> Bool {
        switch server {
        case .automatic1111:
            let response = try await send(HTTPRequest(url: baseURL.appendingPathComponent("sdapi/v1/embeddings"),
                                                      headers: headers, timeout: .seconds(60)))
            try response.requireSuccess()
            let listing = try JSONDecoder().decode(A1111Embeddings.self, from: response.body)
            if listing.loaded[token] != nil { return true }
            if let skipped = listing.skipped?[token] {
                throw ModelError.permanent("AUTOMATIC1111 skipped embedding \(token) (shape \(skipped.shape.map(String.init) ?? "?")): "
                                           + "it was trained for another base model than the server's checkpoint")
            }
            return false
        case .comfyUI:
            let response = try await send(HTTPRequest(url: baseURL.appendingPathComponent("embeddings"),
                                                      headers: headers, timeout: .seconds(60)))
            try response.requireSuccess()
            return try JSONDecoder().decode([String].self, from: response.body).contains(token)
        }
    }

    /// Writes the file as `<directory>/<token>.<format>` through a temporary file and a rename.
    func install(_ artifact: StyleArtifact, into directory: URL) throws {
        let target = directory.appendingPathComponent(artifact.fileName)
        let temporary = directory.appendingPathComponent(".\(artifact.fileName).\(getpid()).tmp")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try artifact.bytes.write(to: temporary)
            if rename(temporary.path, target.path) != 0 { throw CocoaError(.fileWriteUnknown) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ModelError.permanent("cannot install embedding \(artifact.fileName) into \(directory.path): \(error)")
        }
    }

    private var headers: HTTPHeaders {
        var headers = HTTPHeaders()
        if let apiKey { headers["Authorization"] = "Bearer \(apiKey)" }
        return headers
    }

    private func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        do {
            return try await client.send(request)
        } catch let error as HTTPClientError {
            throw ModelError(error).prefixed(with: "embedding check")
        }
    }
}

/// AUTOMATIC1111's `GET /sdapi/v1/embeddings` (`models.py` `EmbeddingsResponse`, `EmbeddingItem`).
struct A1111Embeddings: Decodable {
    struct Item: Decodable {
        var step: Int?
        var sdCheckpointName: String?
        var shape: Int?
        var vectors: Int?
        enum CodingKeys: String, CodingKey { case step, sdCheckpointName = "sd_checkpoint_name", shape, vectors }
    }
    var loaded: [String: Item]
    var skipped: [String: Item]?
}
