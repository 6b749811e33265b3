import Clients
import DreamFrameCore
import Foundation
import Models

extension ComfyUIImageModel {
    /// Waits until the prompt's history entry says it finished; returns its first output image.
    ///
    /// A prompt ComfyUI no longer has — in neither the history nor the queue, twice in a row — was lost (the server
    /// restarted): transient, so the frame is rendered again. A node that failed while running is transient too.
    func awaitImage(_ promptId: String, deadline: ContinuousClock.Instant) async throws -> ComfyUIImage {
        var missing = 0
        var polls = 0
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: options.pollInterval)
            polls += 1
            let entry: ComfyUIHistoryEntry?
            do { entry = try await history(promptId) } catch { continue }   // restarting: look again
            if let entry {
                // ComfyUI writes a prompt's history entry when it is done (execution.py, task_done).
                if entry.status?.statusStr == "error" {
                    throw ModelError.transient("ComfyUI failed prompt \(promptId): \(entry.failure)")
                }
                guard let image = entry.firstImage else {
                    throw ModelError.permanent("ComfyUI prompt \(promptId) finished without an image output (does "
                                               + "\(options.workflow.source) end in a SaveImage node?)")
                }
                return image
            }
            // Not finished: still queued or running? Checked every fourth look, as ComfyUI's own UI does it rarely.
            guard polls % 4 == 0, let queued = try? await isQueued(promptId) else { continue }
            missing = queued ? 0 : missing + 1
            if missing >= 2 {
                throw ModelError.transient("ComfyUI lost prompt \(promptId): it is neither queued nor in the history "
                                           + "(the server restarted?)")
            }
        }
        throw ModelError.transient("ComfyUI prompt \(promptId) did not finish within \(timeout)")
    }

    /// The prompt's history entry; nil when it has none yet.
    func history(_ promptId: String) async throws -> ComfyUIHistoryEntry? {
        let url = baseURL.appendingPathComponent("history").appendingPathComponent(promptId)
        let response = try await transport.client.send(HTTPRequest(url: url, headers: authorization, timeout: .seconds(30)))
        try response.requireSuccess()
        let entries = try JSONDecoder().decode([String: ComfyUIHistoryEntry].self, from: response.body)
        return entries[promptId]
    }

    /// True when the prompt is running or pending (`GET /queue`).
    func isQueued(_ promptId: String) async throws -> Bool {
        let response = try await transport.client.send(HTTPRequest(url: baseURL.appendingPathComponent("queue"),
                                                                   headers: authorization, timeout: .seconds(30)))
        try response.requireSuccess()
        let queue = try JSONDecoder().decode([String: JSONValue].self, from: response.body)
        return ["queue_running", "queue_pending"].contains { name in
            (queue[name]?.array ?? []).contains { $0.array.map { $0.count > 1 && $0[1].string == promptId } ?? false }
        }
    }

    /// `GET /view` of an output image; it must be a PNG.
    func fetch(_ image: ComfyUIImage) async throws -> Data {
        var components = URLComponents(url: baseURL.appendingPathComponent("view"), resolvingAgainstBaseURL: false)
        components?.queryItems = [URLQueryItem(name: "filename", value: image.filename),
                                  URLQueryItem(name: "subfolder", value: image.subfolder ?? ""),
                                  URLQueryItem(name: "type", value: image.type ?? "output")]
        guard let url = components?.url else { throw ModelError.permanent("ComfyUI named an output image no URL can hold") }
        let response = try await transport.send(HTTPRequest(url: url, headers: authorization, timeout: .seconds(60)),
                                                estimatedTokens: 1, label: "render (ComfyUI view)")
        try response.requireSuccess()
        guard response.body.starts(with: HTTPImageModel.pngSignature) else {
            throw ModelError.permanent("ComfyUI's image \(SafeText.line(image.filename, maxBytes: 80)) is not a PNG "
                                       + "(\(response.body.count) bytes); save frames as PNG in the workflow")
        }
        return response.body
    }

    private var authorization: HTTPHeaders {
        var headers = HTTPHeaders()
        if let apiKey { headers["Authorization"] = "Bearer \(apiKey)" }
        return headers
    }
}
