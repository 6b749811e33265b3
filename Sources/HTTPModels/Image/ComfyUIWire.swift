import DreamFrameCore
import Foundation

/// ComfyUI's answer to an accepted `POST /prompt` (`server.py`: `{"prompt_id", "number", "node_errors"}`).
struct ComfyUIQueued: Decodable {
    var promptId: String
    enum CodingKeys: String, CodingKey { case promptId = "prompt_id" }
}

/// ComfyUI's 400 to a workflow it cannot run (`server.py`: `{"error": {...}, "node_errors": {...}}`, the errors
/// from `execution.validate_prompt`).
struct ComfyUIRefusal: Decodable {
    struct Problem: Decodable {
        var type: String?
        var message: String?
        var details: String?
    }
    struct NodeErrors: Decodable {
        var errors: [Problem]
        var classType: String?
        enum CodingKeys: String, CodingKey { case errors, classType = "class_type" }
    }
    var error: Problem
    var nodeErrors: [String: NodeErrors]?
    enum CodingKeys: String, CodingKey { case error, nodeErrors = "node_errors" }

    /// One line: the error, then each node's errors.
    var reason: String {
        var parts = [[error.message, error.details].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")]
        for (node, errors) in (nodeErrors ?? [:]).sorted(by: { $0.key < $1.key }) {
            let what = errors.errors.map { [$0.message, $0.details].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ") }
            parts.append("node \(node) (\(errors.classType ?? "?")): " + what.joined(separator: "; "))
        }
        return SafeText.line(parts.joined(separator: "; "), maxBytes: 600)
    }
}

/// One output image in a history entry (`nodes.py` `SaveImage`: `{"filename", "subfolder", "type"}`).
struct ComfyUIImage: Decodable {
    var filename: String
    var subfolder: String?
    var type: String?
}

/// A prompt's entry in `GET /history/<prompt_id>` (`execution.py`: `outputs` by node, `status`).
struct ComfyUIHistoryEntry: Decodable {
    struct Output: Decodable { var images: [ComfyUIImage]? }
    struct Status: Decodable {
        var statusStr: String?
        var completed: Bool?
        var messages: [JSONValue]?
        enum CodingKeys: String, CodingKey { case statusStr = "status_str", completed, messages }
    }
    var outputs: [String: Output]
    var status: Status?

    /// The first image of the lowest-numbered output node.
    var firstImage: ComfyUIImage? {
        outputs.sorted { (Int($0.key) ?? .max, $0.key) < (Int($1.key) ?? .max, $1.key) }
            .lazy.compactMap { $0.value.images?.first }.first
    }

    /// What failed, from the `execution_error` message: node, type, exception.
    var failure: String {
        for message in status?.messages ?? [] {
            guard let pair = message.array, pair.count == 2, pair[0].string == "execution_error" else { continue }
            let data = pair[1]
            let text = "node \(data["node_id"]?.string ?? "?") (\(data["node_type"]?.string ?? "?")): "
                + "\(data["exception_type"]?.string ?? "error"): \(data["exception_message"]?.string ?? "")"
            return SafeText.line(text, maxBytes: 400)
        }
        return "status error without an execution_error message"
    }
}
