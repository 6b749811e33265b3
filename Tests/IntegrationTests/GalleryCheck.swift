import Foundation
import Testing

/// Opens a gallery in headless Chromium (Debian's package) and reads what the page reports about its images.
enum GalleryCheck {
    struct Result {
        var loaded: Int
        var broken: Int
        var sources: [String]
    }

    static func open(_ page: URL) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/chromium")
        process.arguments = ["--headless=new", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
                             "--virtual-time-budget=10000", "--dump-dom", page.absoluteString]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let dom = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        func attribute(_ name: String) -> Int? {
            guard let range = dom.range(of: "\(name)=\"") else { return nil }
            return Int(dom[range.upperBound...].prefix { $0.isNumber })
        }
        let sources = dom.components(separatedBy: "<img ").dropFirst().compactMap { tag -> String? in
            guard let start = tag.range(of: "src=\"") else { return nil }
            return String(tag[start.upperBound...].prefix { $0 != "\"" })
        }
        return Result(loaded: attribute("data-images-loaded") ?? -1, broken: attribute("data-images-broken") ?? -1,
                      sources: sources)
    }
}
