import Foundation
import Testing
@testable import HTTPModels

@Suite("Model response cache on disk")
struct ResponseCacheTests {
    static func folder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("df-cache-\(UUID().uuidString)", isDirectory: true)
    }

    @Test("an answer stored is found again by the exact request, in another instance too")
    func roundTrip() async throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = DiskResponseCache(directory: folder)
        let request = Data("{\"model\":\"m\",\"seed\":1}".utf8)
        #expect(await cache.answer(for: request) == nil)
        await cache.store(Data("answer".utf8), for: request)
        #expect(await cache.answer(for: request) == Data("answer".utf8))
        #expect(await DiskResponseCache(directory: folder).answer(for: request) == Data("answer".utf8))
        #expect(await cache.answer(for: Data("{\"model\":\"m\",\"seed\":2}".utf8)) == nil)
    }

    @Test("an entry whose stored request differs (a digest collision) is a miss, never a wrong answer")
    func collision() async throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = DiskResponseCache(directory: folder)
        let request = Data("one".utf8)
        let file = await cache.path(for: request)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try DiskResponseCache.encode(request: Data("another".utf8), answer: Data("wrong".utf8)).write(to: file)
        #expect(await cache.answer(for: request) == nil)
        try Data([1, 2, 3]).write(to: file)
        #expect(await cache.answer(for: request) == nil)
    }

    @Test("past its size bound the least recently used entries go")
    func bounded() async throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = DiskResponseCache(directory: folder, maxBytes: 65_536)
        let answer = Data(repeating: 7, count: 4_000)
        for index in 0..<40 {
            await cache.store(answer, for: Data("request \(index)".utf8))
        }
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.fileSizeKey])?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "entry" } ?? []
        let total = try files.reduce(0) { $0 + (try $1.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0) }
        #expect(total <= 65_536)
        #expect(files.count >= 8)
        #expect(await cache.answer(for: Data("request 39".utf8)) == answer)
        #expect(await cache.answer(for: Data("request 0".utf8)) == nil)
    }
}
