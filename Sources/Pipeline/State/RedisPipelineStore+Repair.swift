import Clients
import DreamFrameCore
import Foundation
import Models

extension RedisPipelineStore {
    public func styleLeaseHolder(_ styleId: String) async throws -> String? {
        try await redis.send(["GET", PipelineKeys.styleLock(styleId)]).string
    }

    /// Reads the bitmap as bytes (bit 0 is the high bit of the first byte, as `SETBIT` numbers them).
    public func progressMarks(_ stage: Stage, movie: MovieRef) async throws -> Set<Int> {
        guard let bytes = try await redis.send(["GET", PipelineKeys.progress(movie, stage)]).data else { return [] }
        var marks: Set<Int> = []
        for (offset, byte) in bytes.enumerated() where byte != 0 {
            for bit in 0..<8 where byte & (0x80 >> UInt8(bit)) != 0 { marks.insert(offset * 8 + bit) }
        }
        return marks
    }

    public func restoreProgress(_ stage: Stage, indices: [Int], movie: MovieRef) async throws {
        guard !indices.isEmpty else { return }
        _ = try await redis.pipeline(indices.map { ["SETBIT", PipelineKeys.progress(movie, stage), String($0), "1"] }
                                     + [["EXPIRE", PipelineKeys.progress(movie, stage), retentionSeconds]])
    }

    public func fanInClaimant(_ stage: Stage, movie: MovieRef) async throws -> String? {
        try await redis.send(["GET", PipelineKeys.fanIn(movie, stage)]).string
    }

    public func forgetHandled(_ messageIds: [String], movie: MovieRef) async throws {
        guard !messageIds.isEmpty else { return }
        try await redis.send(["HDEL", PipelineKeys.handled(movie)] + messageIds)
    }

    public func claimRepairLease(owner: String, leaseSeconds: Int) async throws -> Bool {
        try await redis.eval(PipelineScripts.repairLease, keys: [PipelineKeys.repairLease],
                             arguments: [owner, String(leaseSeconds * 1000)]).int == 1
    }

    public func releaseRepairLease(owner: String) async throws {
        try await redis.eval(PipelineScripts.releaseLease, keys: [PipelineKeys.repairLease], arguments: [owner])
    }
}
