import Models
import Clients
import DreamFrameCore
import Foundation

/// The body of AUTOMATIC1111's `POST /sdapi/v1/txt2img`.
struct Automatic1111Request: Encodable, Sendable {
    var prompt: String
    var negativePrompt: String
    var seed: Int
    var steps: Int
    var width: Int
    var height: Int
    var samplerName: String
    var cfgScale: Double
    var batchSize = 1
    /// A1111 1.6+: the checkpoint that finishes the image, from `refiner_switch_at` of the steps on (omitted: none).
    var refinerCheckpoint: String?
    var refinerSwitchAt: Double?

    enum CodingKeys: String, CodingKey {
        case prompt, seed, steps, width, height
        case negativePrompt = "negative_prompt"
        case samplerName = "sampler_name"
        case cfgScale = "cfg_scale"
        case batchSize = "batch_size"
        case refinerCheckpoint = "refiner_checkpoint"
        case refinerSwitchAt = "refiner_switch_at"
    }
}

/// AUTOMATIC1111's txt2img answer (only the images are read).
struct Automatic1111Response: Decodable, Sendable {
    var images: [String]
}

/// The body of the OpenAI images API's `POST /images/generations`.
struct OpenAIImagesRequest: Encodable, Sendable {
    var model: String
    var prompt: String
    var size: String
    var n = 1
    var responseFormat = "b64_json"

    enum CodingKeys: String, CodingKey {
        case model, prompt, size, n
        case responseFormat = "response_format"
    }
}

/// The OpenAI images API's answer.
struct OpenAIImagesResponse: Decodable, Sendable {
    struct Item: Decodable, Sendable {
        var b64Json: String?
        enum CodingKeys: String, CodingKey { case b64Json = "b64_json" }
    }
    var data: [Item]
}

extension HTTPImageModel {
    /// The PNG file signature.
    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Reads the first image of either API's answer and checks it is a PNG.
    package static func decodePNG(from response: HTTPResponse) throws -> Data {
        let decoder = JSONDecoder()
        let base64: String?
        if let a1111 = try? decoder.decode(Automatic1111Response.self, from: response.body) {
            base64 = a1111.images.first
        } else if let openAI = try? decoder.decode(OpenAIImagesResponse.self, from: response.body) {
            base64 = openAI.data.first?.b64Json
        } else {
            throw ModelError.permanent("\(response) is not an image API answer")
        }
        guard var text = base64, !text.isEmpty else {
            throw ModelError.permanent("\(response) holds no image")
        }
        if text.hasPrefix("data:"), let comma = text.firstIndex(of: ",") {   // data:image/png;base64,...
            text = String(text[text.index(after: comma)...])
        }
        guard let bytes = Data(base64Encoded: text, options: .ignoreUnknownCharacters) else {
            throw ModelError.permanent("\(response): the image is not valid base64")
        }
        guard bytes.count > pngSignature.count, bytes.prefix(pngSignature.count).elementsEqual(pngSignature) else {
            throw ModelError.permanent("\(response): the image is not a PNG (\(bytes.count) bytes without the PNG signature)")
        }
        return bytes
    }
}
