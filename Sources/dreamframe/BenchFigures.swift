import Foundation

/// What the benchmarks share: a process's CPU time, and the JSON line each appends for `ops/bench.sh`'s table.
enum BenchFigures {
    /// Appends `figures` as one JSON line to `path` (nothing when nil).
    static func append(_ figures: [String: Any], to path: String?) throws {
        guard let path else { return }
        var line = try JSONSerialization.data(withJSONObject: figures, options: [.sortedKeys])
        line.append(UInt8(ascii: "\n"))
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: line)
    }

    /// The `q` quantile (0…1) of sorted `values`, nearest rank (0 when empty).
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, max(0, Int((q * Double(sorted.count)).rounded(.up)) - 1))]
    }
}
