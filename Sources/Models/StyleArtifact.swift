import DreamFrameCore
import Foundation

/// What an external trainer learned for a style: the textual-inversion file a diffusion server loads, the token
/// prompts name it by, and how it was made. The style cache keeps it with the ``StyleEmbedding``, so a style is
/// learned once across runs and machines and can be installed on any image server that lacks it.
public struct StyleArtifact: Codable, Sendable, Hashable {
    /// The file formats textual-inversion embeddings come in.
    public enum Format: String, Codable, Sendable, CaseIterable {
        /// A safetensors file (diffusers' trainers, ComfyUI, A1111).
        case safetensors
        /// A PyTorch pickle archive (A1111's own trainer).
        case pt
    }

    /// The name image servers know the embedding by: its file name without extension, written in prompts.
    public var token: String
    /// The file's format.
    public var format: Format
    /// The file's bytes; empty when the file stays on the training server (no shared embeddings folder).
    public var bytes: Data
    /// The base model it was trained against (a checkpoint name), part of the style's identity.
    public var baseModel: String
    /// The learner that made it (``StyleLearner/learnerId``).
    public var learner: String
    /// Optimisation steps run.
    public var steps: Int
    /// The final training loss, when the trainer reported one.
    public var loss: Double?

    /// Creates an artifact.
    public init(token: String, format: Format, bytes: Data, baseModel: String, learner: String, steps: Int,
                loss: Double? = nil) {
        self.token = token
        self.format = format
        self.bytes = bytes
        self.baseModel = baseModel
        self.learner = learner
        self.steps = steps
        self.loss = loss
    }

    /// The file name servers load it from: `<token>.<format>`.
    public var fileName: String { "\(token).\(format.rawValue)" }

    /// The token of a style: `df-<style id>`, a name of letters, digits and hyphens every server accepts.
    public static func token(styleId: String) -> String {
        "df-" + String(styleId.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" }).lowercased()
    }

    /// The format of `bytes` by content: safetensors (an 8-byte little-endian header length, then a JSON object) or
    /// a PyTorch archive (a zip file or a pickle); nil when it is neither.
    public static func detectFormat(_ bytes: Data) -> Format? {
        if bytes.count >= 10 {
            let length = bytes.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
            if length >= 2, length <= UInt64(bytes.count - 8), bytes[bytes.startIndex + 8] == UInt8(ascii: "{") {
                return .safetensors
            }
        }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x80]) { return .pt }
        return nil
    }
}
