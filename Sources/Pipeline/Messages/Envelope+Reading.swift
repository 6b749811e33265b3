import Foundation

extension Envelope {
    /// The whole envelope in one pass of the JSON decoder: the header's fields, then the body its kind names.
    /// ``decode(_:maxBytes:)`` takes it when it reads a valid message of the current schema, and falls back to its
    /// field-naming two-pass reading for anything else (so every reason a bad message gets stays the same).
    struct OnePass: Decodable {
        let envelope: Envelope

        private enum Key: String, CodingKey { case schema, kind, id, movie, body }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            let schema = try c.decode(Int.self, forKey: .schema)
            let kind = try c.decode(MessageKind.self, forKey: .kind)
            let id = try c.decode(String.self, forKey: .id)
            let movie = try c.decode(MovieRef.self, forKey: .movie)
            let body: Body
            switch kind {
            case .writePlot: body = .writePlot(try c.decode(WritePlot.self, forKey: .body))
            case .expandSubstory: body = .expandSubstory(try c.decode(ExpandSubstory.self, forKey: .body))
            case .expandTinystory: body = .expandTinystory(try c.decode(ExpandTinystory.self, forKey: .body))
            case .learnStyle: body = .learnStyle(try c.decode(LearnStyle.self, forKey: .body))
            case .styleReady: body = .styleReady(try c.decode(StyleReady.self, forKey: .body))
            case .renderFrame: body = .renderFrame(try c.decode(RenderFrame.self, forKey: .body))
            case .validateMovie: body = .validateMovie(try c.decode(ValidateMovie.self, forKey: .body))
            }
            var envelope = Envelope(id: id, movie: movie, body: body)
            envelope.schema = schema
            self.envelope = envelope
        }

        /// The envelope when `data` is a valid message of this schema, else nil (the caller then says why).
        static func read(_ data: Data) -> Envelope? {
            guard let envelope = try? JSONDecoder().decode(OnePass.self, from: data).envelope,
                  envelope.schema == currentSchema, !envelope.id.isEmpty else { return nil }
            return envelope
        }
    }
}
