import Clients
import DreamFrameCore
import Foundation
import Models

extension A1111StyleLearner {
    /// What the server says of one embedding and of its trainer.
    struct ServerState: CustomStringConvertible {
        /// The embedding's step (0 when absent or new).
        var step: Int
        /// True while a training runs on the server.
        var training: Bool
        /// True when the embedding's step changed since the last look (its training is ours).
        var stepMoving: Bool
        var textinfo: String?

        var description: String {
            "embedding at step \(step)" + (training ? ", a training running" : "") + (textinfo.map { ": \($0)" } ?? "")
        }
    }

    /// Looks at the embedding and the server's job twice, a poll apart, to tell a training of it from another.
    func serverState(_ token: String) async throws -> ServerState {
        let first = try await step(token)
        let progress = try await decode(A1111Progress.self, from: HTTPRequest(url: progressURL,
                                                                               headers: headers, timeout: .seconds(30)))
        guard progress.isTraining else { return ServerState(step: first, training: false, stepMoving: false) }
        try await Task.sleep(for: options.pollInterval)
        let second = try await step(token)
        return ServerState(step: second, training: true, stepMoving: second != first, textinfo: progress.textinfo)
    }

    /// The embedding's step as `GET /sdapi/v1/embeddings` lists it; 0 when it is not loaded.
    func step(_ token: String) async throws -> Int {
        let listing = try await decode(A1111Embeddings.self, from: HTTPRequest(url: url("sdapi/v1/embeddings"),
                                                                               headers: headers, timeout: .seconds(30)))
        if listing.skipped?[token] != nil {
            throw ModelError.permanent("A1111 skipped embedding \(token): it does not fit the server's checkpoint "
                                       + "(is --style-base-model \(options.baseModel) the model the server has loaded?)")
        }
        return listing.loaded[token].map { $0.step ?? 0 } ?? 0
    }

    /// `POST /sdapi/v1/create/embedding`, replacing an earlier attempt's file.
    func create(_ token: String, keyword: String) async throws {
        let body = A1111CreateEmbedding(name: token, numVectorsPerToken: options.vectorsPerToken, overwriteOld: true,
                                        initText: keyword)
        let info = try await decode(A1111Info.self, from: try .postJSON(body, to: url("sdapi/v1/create/embedding"),
                                                                         headers: headers, timeout: .seconds(120)))
        guard info.info.hasPrefix("create embedding filename:") else {
            throw ModelError.permanent("A1111 could not create embedding \(token): \(SafeText.line(info.info, maxBytes: 300))")
        }
    }

    /// `POST /sdapi/v1/train/embedding`, which answers when the training is over; reports the server's progress
    /// meanwhile. A1111 answers 200 either way and says in `info` whether it failed.
    func train(_ token: String, dataRoot: String, within limit: TimeLimit,
               progress: @escaping @Sendable (String) -> Void) async throws {
        let body = A1111TrainEmbedding(idTask: "dreamframe-\(token)", embeddingName: token, learnRate: options.learnRate,
                                       dataRoot: dataRoot, trainingWidth: options.size, trainingHeight: options.size,
                                       steps: options.steps, templateFilename: options.template)
        let request = try HTTPRequest.postJSON(body, to: url("sdapi/v1/train/embedding"), headers: headers,
                                               timeout: max(limit.remaining, .seconds(1)))
        let watcher = Task { await watch(progress) }
        defer { watcher.cancel() }
        let info: String
        do {
            info = try decode(A1111Info.self, from: try await client.send(request).requireSuccess()).info
        } catch HTTPClientError.timedOut {
            throw await outlived(token, limit: limit)
        } catch let error as HTTPClientError {
            throw ModelError(error).prefixed(with: "A1111 training")
        }
        if info.hasPrefix("train embedding complete:"), info.hasSuffix("error: None") { return }
        let why = SafeText.line(info, maxBytes: 400)
        if info.contains("Dataset directory") {
            throw ModelError.permanent("A1111 cannot read the reference images at \(dataRoot) (set --style-path-map "
                                       + "LOCAL=REMOTE to name the folder as the server sees it): \(why)")
        }
        if info.hasPrefix("train embedding error:") { throw ModelError.permanent("A1111 refused the training of \(token): \(why)") }
        throw ModelError.transient("A1111's training of \(token) failed: \(why)")
    }

    /// Reports the server's training progress every few polls until cancelled.
    func watch(_ progress: @escaping @Sendable (String) -> Void) async {
        var reported = ContinuousClock.now
        while !Task.isCancelled {
            try? await Task.sleep(for: options.pollInterval)
            guard ContinuousClock.now - reported >= .seconds(10),
                  let state = try? await decode(A1111Progress.self, from: HTTPRequest(url: progressURL,
                                                                                      headers: headers, timeout: .seconds(30))),
                  state.isTraining else { continue }
            reported = ContinuousClock.now
            progress("training: step \(state.state?.samplingStep ?? 0) of \(state.state?.samplingSteps ?? options.steps)"
                     + (state.textinfo.map { " — \(SafeText.line($0, maxBytes: 120))" } ?? ""))
        }
    }

    /// Sends `request` and decodes a successful answer; HTTP errors map as for every model server.
    func decode<T: Decodable>(_ type: T.Type, from request: HTTPRequest) async throws -> T {
        try decode(type, from: try await send(request))
    }

    /// Decodes a successful answer as what A1111's API returns.
    func decode<T: Decodable>(_ type: T.Type, from response: HTTPResponse) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: response.body)
        } catch {
            throw ModelError.transient("A1111's answer to \(response.redactedURL) is not what its API returns: "
                                       + SafeText.line(response.text, maxBytes: 200))
        }
    }

    /// The error for a training whose answer did not come within `limit`, with where the server's training stands.
    /// A1111 trains on after its client hangs up: the next attempt waits for that training and adopts it.
    func outlived(_ token: String, limit: TimeLimit) async -> ModelError {
        let progress = try? await decode(A1111Progress.self, from: HTTPRequest(url: progressURL, headers: headers,
                                                                                timeout: .seconds(5)))
        let standing = progress.flatMap { $0.isTraining ? $0.state : nil }.map {
            "the server's training stands at step \($0.samplingStep ?? 0) of \($0.samplingSteps ?? options.steps)"
        } ?? "the server shows no training running"
        return ModelError.transient("A1111's training of \(token) did not finish within its time limit of "
                                    + "\(limit.duration) (\(standing)); the next attempt waits for it and adopts it")
    }

    @discardableResult
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response: HTTPResponse
        do {
            response = try await client.send(request)
        } catch let error as HTTPClientError {
            throw ModelError(error).prefixed(with: "A1111 training")
        }
        try response.requireSuccess()
        return response
    }
}
