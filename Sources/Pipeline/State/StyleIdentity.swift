import Models
import Clients
import DreamFrameCore
import Foundation

/// A style's identity, the key of the style cache: everything the learned embedding depends on — every field of the
/// style (keyword, tone, description, exactly as written), the exact reference images (by content) and the learner.
/// Movies that share it learn it once; movies whose styles differ in anything a learner reads never share a vector.
public enum StyleIdentity {
    /// The cache key of `style` learned by `learnerId` from `referenceImages`.
    public static func make(style: StyleSpec, referenceImages: [URL], learnerId: String) throws -> String {
        var text = "\(learnerId)\n\(try JSONCoding.compactString(style))"
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
