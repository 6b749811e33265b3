import Foundation
import Testing
@testable import Pipeline
@testable import Clients
import DreamFrameCore
import TestSupport

/// Searches artifacts for known secrets: every file under a folder (logs, dataset, card, gallery, records,
/// stories, frames), command outputs, dead letters as the broker holds them, pages served over HTTP (the console, a
/// stage's metrics port), and every value in Redis.
struct SecretScan {
    /// The secrets and the forms they could leak in (as is, percent-encoded, base64).
    let secrets: [String: [String]]
    /// Where each secret was found: "<secret name> in <place>".
    private(set) var findings: [String] = []
    /// How many places were searched (so an empty search cannot pass unnoticed).
    private(set) var places = 0

    init(_ secrets: [String: String]) {
        self.secrets = secrets.mapValues { secret in
            [secret, secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? secret,
             Data(secret.utf8).base64EncodedString().trimmingCharacters(in: CharacterSet(charactersIn: "="))]
        }
    }

    /// Searches `data`, known as `place`.
    mutating func search(_ data: Data, in place: String) {
        places += 1
        for (name, forms) in secrets where forms.contains(where: { data.range(of: Data($0.utf8)) != nil }) {
            findings.append("\(name) in \(place)")
        }
    }

    /// Searches `text`, known as `place`.
    mutating func search(_ text: String, in place: String) { search(Data(text.utf8), in: place) }

    /// Searches every regular file under `folder`; returns their paths relative to it.
    @discardableResult
    mutating func searchFiles(under folder: URL) throws -> [String] {
        var relative: [String] = []
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            let path = String(url.path.dropFirst(folder.path.count + 1))
            relative.append(path)
            search(try Data(contentsOf: url), in: path)
        }
        return relative
    }

    /// Searches every message of every stage's dead-letter queue — body, id and every header — and leaves them
    /// there; returns how many there were.
    @discardableResult
    mutating func searchDeadLetters(_ endpoints: AMQPEndpoints, topology: Topology) async throws -> Int {
        let letters: [(String, Delivery)] = try await BlockingWork.run {
            let admin = try AMQPAdmin(endpoints: endpoints)
            defer { admin.close() }   // closing requeues everything taken
            var taken: [(String, Delivery)] = []
            for stage in Stage.allCases {
                let queue = topology.queues(for: stage).deadQueue
                while let delivery = try admin.get(queue) { taken.append((queue, delivery)) }
            }
            return taken
        }
        for (queue, delivery) in letters {
            let headers = delivery.headers.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
            search(headers + "\n" + (delivery.messageId ?? ""), in: "dead letter headers \(queue) \(delivery.messageId ?? "")")
            search(delivery.body, in: "dead letter body \(queue)")
        }
        return letters.count
    }

    /// Searches every value of every key in Redis (strings, hashes, sets, sorted sets) through `admin`; returns the
    /// number of keys.
    @discardableResult
    mutating func searchRedis(_ admin: RedisClient) async throws -> Int {
        var cursor = "0", keys: [String] = []
        repeat {
            let reply = try await admin.send(["SCAN", cursor, "COUNT", "1000"]).array
            cursor = reply.first?.string ?? "0"
            keys += reply.last?.array.compactMap(\.string) ?? []
        } while cursor != "0"
        for key in keys {
            let reads: [String: [String]] = ["string": ["GET", key], "hash": ["HGETALL", key], "set": ["SMEMBERS", key],
                                             "zset": ["ZRANGE", key, "0", "-1"], "list": ["LRANGE", key, "0", "-1"]]
            let type = try await admin.send(["TYPE", key]).string ?? ""
            guard let read = reads[type] else { continue }
            let value = try await admin.send(read)
            search(key + "\n" + Self.text(value), in: "redis \(key)")
        }
        return keys.count
    }

    /// Fetches every page of `pages` (a name, its URL) and searches its status, header fields and body; returns the
    /// text of each page that answered, by name (a page that does not answer within `timeout` is left out).
    mutating func searchPages(_ pages: [(String, URL)], timeout: Duration = .seconds(20)) async -> [String: String] {
        let client = HTTPClient()
        defer { client.shutdown() }
        var answered: [String: String] = [:]
        for (name, url) in pages {
            guard let response = try? await client.send(HTTPRequest(url: url, timeout: timeout, connectTimeout: .seconds(5))) else {
                continue
            }
            let headers = response.headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
            search(Data("HTTP \(response.status)\n\(headers)\n\n".utf8) + response.body, in: "\(name) (HTTP \(response.status))")
            answered[name] = response.text
        }
        return answered
    }

    private static func text(_ value: RedisValue) -> String {
        switch value {
        case .array(let items): return items.map(text).joined(separator: "\n")
        default: return value.string ?? "\(value)"
        }
    }
}
