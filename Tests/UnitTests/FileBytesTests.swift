import DreamFrameCore
import Foundation
import Testing

@Suite("File bytes")
struct FileBytesTests {
    @Test("reads a file whole or from an offset, across reads; empty past its end or when empty; nil when missing")
    func readsFromOffsets() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("df-bytes-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: file) }
        let content = (0..<40_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        try Data(content).write(to: file)
        #expect(FileBytes.read(file.path) == content)
        #expect(FileBytes.read(file.path, from: 16_385) == Array(content[16_385...]))
        #expect(FileBytes.read(file.path, from: 40_000) == [])
        #expect(FileBytes.read(file.path, from: 90_000) == [])
        try Data().write(to: file)
        #expect(FileBytes.read(file.path) == [])
        #expect(FileBytes.read(file.path + ".missing") == nil)
    }

    @Test("a growing file is followed from where the last read ended")
    func followsAGrowingFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("df-bytes-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("step 1\n".utf8).write(to: file)
        var offset = 0
        let first = try #require(FileBytes.read(file.path, from: offset))
        offset += first.count
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("step 2\n".utf8))
        try handle.close()
        #expect(String(decoding: first, as: UTF8.self) == "step 1\n")
        #expect(String(decoding: FileBytes.read(file.path, from: offset) ?? [], as: UTF8.self) == "step 2\n")
    }
}
