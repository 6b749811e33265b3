import Models
import Clients
import DreamFrameCore
import Foundation

/// A style's identity, the key of the style cache: what the learned embedding depends on — the keyword, the style
/// description, the exact reference images (by content) and the learner. Movies that share it learn it once.
public enum StyleIdentity {
    public static func make(style: StyleSpec, referenceImages: [URL], learnerId: String) throws -> String {
        var text = "\(learnerId)\n\(style.keyword.lowercased())\n\(style.description.lowercased())"
        for url in referenceImages {
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw StageError.permanent("cannot read style reference image \(url.path)")
            }
            text += "\n\(url.lastPathComponent):\(data.count):\(StableHash.fnv1a(data))"
        }
        let slug = OutputLayout.sanitize(style.keyword.lowercased()).prefix(24)
        return "\(slug)-\(String(StableHash.fnv1a(text), radix: 16))"
    }

    /// Reference images (PNG or JPEG) in a folder, sorted by name; nil folder means none.
    public static func referenceImages(in directory: String?) throws -> [URL] {
        guard let directory, !directory.isEmpty else { return [] }
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else {
            throw StageError.permanent("style reference folder \(directory) cannot be read")
        }
        let images = names.filter { ["png", "jpg", "jpeg"].contains(($0 as NSString).pathExtension.lowercased()) }.sorted()
        guard !images.isEmpty else { throw StageError.permanent("style reference folder \(directory) holds no PNG or JPEG images") }
        return images.map { url.appendingPathComponent($0) }
    }

}
