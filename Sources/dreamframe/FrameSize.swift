import ArgumentParser

/// Parses `--size WIDTHxHEIGHT` (each side 16...4096) with an error naming the flag.
func parseFrameSize(_ text: String) throws -> (width: Int, height: Int) {
    let parts = text.lowercased().split(separator: "x").compactMap { Int($0) }
    guard parts.count == 2, parts.allSatisfy({ (16...4096).contains($0) }) else {
        throw ValidationError("--size: expected WIDTHxHEIGHT within 16...4096, e.g. 512x288, got '\(text)'")
    }
    return (parts[0], parts[1])
}
