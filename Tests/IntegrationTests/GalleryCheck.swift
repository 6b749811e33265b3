import DreamFrameCore
import Foundation
import Pipeline
import Testing

/// Opens a gallery in headless Chromium (Debian's package) and reads what the page reports about its images, and
/// the DOM as the page left it once its scripts ran.
enum GalleryCheck {
    struct Result {
        var loaded: Int
        var broken: Int
        var sources: [String]
        /// The serialized DOM: text nodes escape `&`, `<` and `>`, so every `<` in it starts a real element.
        var dom: String
    }

    static func open(_ page: URL) async throws -> Result {
        let (_, dom) = try await ChildProcess.capture("/usr/bin/chromium", [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
            "--virtual-time-budget=10000", "--dump-dom", page.absoluteString,
        ])
        func attribute(_ name: String) -> Int? {
            guard let range = dom.range(of: "\(name)=\"") else { return nil }
            return Int(dom[range.upperBound...].prefix { $0.isNumber })
        }
        let sources = dom.components(separatedBy: "<img ").dropFirst().compactMap { tag -> String? in
            guard let start = tag.range(of: "src=\"") else { return nil }
            return String(tag[start.upperBound...].prefix { $0 != "\"" })
        }
        return Result(loaded: attribute("data-images-loaded") ?? -1, broken: attribute("data-images-broken") ?? -1,
                      sources: sources, dom: dom)
    }
}
