import Foundation

/// Every answer of the diffusion servers' APIs this package decodes — ComfyUI's queue, refusal, history and queue
/// listing and a user's workflow file, AUTOMATIC1111's embeddings, progress and training answers — read from one
/// input, for the fuzz target (`make fuzz`, target `image-server-answers`): whatever the bytes, each decoder
/// succeeds or throws.
package enum ImageServerAnswers {
    /// Decodes `data` as each answer, and walks what decodes as the code does.
    package static func decodeAll(_ data: Data) {
        let decoder = JSONDecoder()
        _ = try? decoder.decode(ComfyUIQueued.self, from: data)
        _ = (try? decoder.decode(ComfyUIRefusal.self, from: data))?.reason
        if let history = try? decoder.decode([String: ComfyUIHistoryEntry].self, from: data) {
            for entry in history.values {
                _ = entry.firstImage
                _ = entry.failure
            }
        }
        if let workflow = try? ComfyUIWorkflow(data: data, source: "fuzz") {
            _ = workflow.filled([.prompt: .string("p"), .seed: .number(1)])
        }
        _ = try? decoder.decode(A1111Embeddings.self, from: data)
        _ = (try? decoder.decode(A1111Progress.self, from: data))?.isTraining
        _ = try? decoder.decode(A1111Info.self, from: data)
        _ = try? decoder.decode([String].self, from: data)
    }
}
