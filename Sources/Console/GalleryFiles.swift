import Foundation
import Monitoring
import Pipeline

/// The run folders under the output root, served read-only: `/gallery/<run>/index.html`, the frames, stories and
/// dataset files it links to. Only plain files below `<out>/<run>/` whose every path component is a safe name
/// (letters, digits, `.`, `_`, `-`; not starting with `.`) are served, after resolving symbolic links; anything
/// else is 404, so no request reaches a file outside the run's folder.
public struct GalleryFiles: Sendable {
    /// The output root.
    public let layout: OutputLayout
    /// The largest file served.
    public let maxBytes: Int

    /// The run folders under `layout`'s root, files up to `maxBytes`.
    public init(layout: OutputLayout, maxBytes: Int = 256 * 1024 * 1024) {
        self.layout = layout
        self.maxBytes = maxBytes
    }

    /// The answer for `path`, the part after `/gallery/` (`<run>/videos/movie-0001/frames/0001.png`).
    public func respond(path: String) -> HTTPOutboundResponse {
        guard let file = resolve(path) else { return Self.notFound }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file.path),
              attributes[.type] as? FileAttributeType == .typeRegular else { return Self.notFound }
        guard (attributes[.size] as? Int ?? 0) <= maxBytes else {
            return HTTPOutboundResponse(status: 413, contentType: "text/plain; charset=utf-8", text: "file too large to serve\n")
        }
        guard let data = FileManager.default.contents(atPath: file.path) else { return Self.notFound }
        return HTTPOutboundResponse(status: 200, headers: [
            "Content-Type": Self.contentType(file.pathExtension), "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-cache",
        ], body: Array(data))
    }

    /// The file `path` names below its run's folder, or nil when any component is unsafe or it leads outside.
    func resolve(_ path: String) -> URL? {
        let components = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard components.count >= 2, components.count <= 8,
              components.allSatisfy(Self.isSafeComponent), OutputLayout.sanitize(components[0]) == components[0] else {
            return nil
        }
        let runFolder = layout.runDirectory(components[0]).resolvingSymlinksInPath()
        let file = components.dropFirst().reduce(runFolder) { $0.appendingPathComponent($1) }.resolvingSymlinksInPath()
        guard file.path.hasPrefix(runFolder.path + "/") else { return nil }
        return file
    }

    /// A name of `[A-Za-z0-9._-]`, 1…128 bytes, not starting with `.` (so neither `.` nor `..`).
    static func isSafeComponent(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 128, !name.hasPrefix(".") else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) }
    }

    static func contentType(_ fileExtension: String) -> String {
        switch fileExtension.lowercased() {
        case "html": return "text/html; charset=utf-8"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "json": return "application/json"
        case "md", "log", "txt": return "text/plain; charset=utf-8"
        case "mp4": return "video/mp4"
        default: return "application/octet-stream"
        }
    }

    static let notFound = HTTPOutboundResponse(status: 404, contentType: "text/plain; charset=utf-8", text: "not found\n")
}
