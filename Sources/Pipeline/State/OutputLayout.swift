import Models
import Clients
import DreamFrameCore
import Foundation

/// Where everything lands on disk — a contract tools and people rely on:
///
/// ```
/// <out>/<run-id>/videos/<video-id>/frames/0001.png …   frames in story order
/// <out>/<run-id>/videos/<video-id>/story.json          the authors' keys plus ours
/// <out>/<run-id>/videos/<video-id>/record.json         the validated QA record of the movie
/// <out>/<run-id>/videos/<video-id>/.dataset-piece      its dataset entries as exported (a cache)
/// <out>/<run-id>/styles/<style-id>.json                learned style embeddings used by the run
/// <out>/<run-id>/styles/<style-id>/refs/               reference images rendered for a trainer (no movie brought any)
/// <out>/<run-id>/styles/<style-id>/training/           an external trainer's log and the file it writes
/// <out>/<run-id>/dataset/videoinstruct.json            [{"video_id","q","a"}]
/// <out>/<run-id>/dataset/conversations.json            LLaVA / Video-ChatGPT conversation form
/// ```
/// Every id that becomes a path component is sanitized, so nothing a model writes can escape `root`.
public struct OutputLayout: Sendable {
    public let root: URL
    /// `root`'s path, kept so the paths made per frame cost no URL work.
    private let rootPath: String

    public init(root: String) {
        self.root = URL(fileURLWithPath: root, isDirectory: true).standardizedFileURL
        rootPath = self.root.path
    }

    public func runDirectory(_ runId: String) -> URL {
        root.appendingPathComponent(Self.sanitize(runId), isDirectory: true)
    }

    public func movieDirectory(_ movie: MovieRef) -> URL {
        runDirectory(movie.runId).appendingPathComponent("videos", isDirectory: true)
            .appendingPathComponent(Self.sanitize(movie.movieId), isDirectory: true)
    }

    public func framesDirectory(_ movie: MovieRef) -> URL {
        movieDirectory(movie).appendingPathComponent("frames", isDirectory: true)
    }

    /// The printf pattern of frame file names (ffmpeg reads frames with it).
    public static let framePattern = "%04d.png"

    /// The file name of frame `index` (1-based): `0001.png` (``framePattern``, without a formatter).
    public static func frameFileName(_ index: Int) -> String {
        guard index >= 0 else { return String(format: framePattern, index) }
        let digits = String(index)
        return String(repeating: "0", count: max(0, 4 - digits.utf8.count)) + digits + ".png"
    }

    /// Frame `index` (1-based) as `frames/0001.png`.
    public func frame(_ movie: MovieRef, index: Int) -> URL {
        URL(fileURLWithPath: framePath(movie, index: index), isDirectory: false)
    }

    /// The path of ``frame(_:index:)``, made from strings: a renderer asks for one per frame, and the URL appends
    /// cost it more than its file write.
    public func framePath(_ movie: MovieRef, index: Int) -> String {
        rootPath + (rootPath.hasSuffix("/") ? "" : "/") + Self.sanitize(movie.runId) + "/videos/"
            + Self.sanitize(movie.movieId) + "/frames/" + Self.frameFileName(index)
    }

    public func story(_ movie: MovieRef) -> URL {
        movieDirectory(movie).appendingPathComponent("story.json")
    }

    public func record(_ movie: MovieRef) -> URL {
        movieDirectory(movie).appendingPathComponent("record.json")
    }

    /// The movie's dataset entries and gallery section as its run's exports write them (a cache beside the record).
    public func datasetPiece(_ movie: MovieRef) -> URL {
        movieDirectory(movie).appendingPathComponent(".dataset-piece")
    }

    public func style(runId: String, styleId: String) -> URL {
        runDirectory(runId).appendingPathComponent("styles", isDirectory: true)
            .appendingPathComponent(Self.sanitize(styleId) + ".json")
    }

    /// A style's own folder in a run: `<run>/styles/<style-id>/`.
    public func styleDirectory(runId: String, styleId: String) -> URL {
        runDirectory(runId).appendingPathComponent("styles", isDirectory: true)
            .appendingPathComponent(Self.sanitize(styleId), isDirectory: true)
    }

    /// A style's reference images, rendered from its description when the movie brought none:
    /// `<run>/styles/<style-id>/refs/`.
    public func styleReferences(runId: String, styleId: String) -> URL {
        styleDirectory(runId: runId, styleId: styleId).appendingPathComponent("refs", isDirectory: true)
    }

    /// Where an external trainer works on a style — its log and the file it writes — whether the references were
    /// drawn or the movie brought its own folder (which is never written to): `<run>/styles/<style-id>/training/`.
    public func styleTraining(runId: String, styleId: String) -> URL {
        styleDirectory(runId: runId, styleId: styleId).appendingPathComponent("training", isDirectory: true)
    }

    /// How the run's frames were rendered: one file per distinct renderer setting, `<run>/renderers/<hash>.json`.
    public func rendererSettings(_ runId: String) -> URL {
        runDirectory(runId).appendingPathComponent("renderers", isDirectory: true)
    }

    public func datasetDirectory(_ runId: String) -> URL {
        runDirectory(runId).appendingPathComponent("dataset", isDirectory: true)
    }

    /// Makes an id safe as one path component: letters, digits, `.`, `_` and `-` only, starting with neither `.`
    /// (no `..`, no hidden file) nor `-` (no file a command takes for a flag), at most 200 characters, never empty
    /// — exactly what the door admits as an id (``MessageLimits``), so every id the door admits is its own safe
    /// form and every safe form (a style id made from a model's keyword) passes the door.
    public static func sanitize(_ id: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(id.utf8.count, 200))
        for scalar in id.unicodeScalars {
            guard bytes.count < 200 else { break }
            switch scalar.value {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F: bytes.append(UInt8(scalar.value))
            default: bytes.append(UInt8(ascii: "_"))
            }
        }
        if let first = bytes.first, first == UInt8(ascii: ".") || first == UInt8(ascii: "-") { bytes[0] = UInt8(ascii: "_") }
        if bytes.isEmpty { bytes = [UInt8(ascii: "_")] }
        return String(decoding: bytes, as: UTF8.self)
    }
}
