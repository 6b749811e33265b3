import Foundation
import Models

extension MessageCheck {
    /// Ids: run and movie ids (safe, bounded), `<run>/<movie>` short enough for every derived id, the message id,
    /// the body's movie the envelope's, and the style id a message names.
    func checkIds(_ envelope: Envelope) throws {
        let movie = envelope.movie
        if let rule = FieldRules.id(movie.runId, maxBytes: limits.maxIdBytes) {
            throw violation(envelope, "movie.runId", movie.runId, rule)
        }
        if let rule = FieldRules.id(movie.movieId, maxBytes: limits.maxIdBytes) {
            throw violation(envelope, "movie.movieId", movie.movieId, rule)
        }
        let ref = movie.description
        guard ref.utf8.count <= limits.maxMovieRefBytes else {
            throw violation(envelope, "movie", ref, "<run>/<movie> is at most \(limits.maxMovieRefBytes) bytes "
                            + "(this one is \(ref.utf8.count)), so every id derived from it fits")
        }
        if let rule = FieldRules.messageId(envelope.id, maxBytes: limits.maxIdBytes) {
            throw violation(envelope, "id", envelope.id, rule)
        }
        let bodyMovie = Self.bodyMovie(envelope)
        guard bodyMovie == movie else {
            throw violation(envelope, "body.movie", bodyMovie.description, "must be the envelope's movie \(MessageViolation.quote(ref))")
        }
        if let style = Self.styleNamed(by: envelope), let rule = FieldRules.id(style, maxBytes: limits.maxIdBytes) {
            throw violation(envelope, "body.styleId", style, rule)
        }
    }

    /// Texts and lists: bounded, no control characters.
    func checkTexts(_ envelope: Envelope) throws {
        var fields = TextFields(limits: limits)
        switch envelope.body {
        case .writePlot(let m):
            fields.text("body.theme", m.theme ?? "")
        case .expandSubstory(let m):
            fields.context("body.request.movie", m.request.movie)
            let substory = m.request.substory
            fields.names("body.request.substory.scene", substory.scene)
            fields.text("body.request.substory.content", substory.content)
            fields.text("body.request.substory.qa.question", substory.qa.question)
            fields.text("body.request.substory.qa.answer", substory.qa.answer)
        case .expandTinystory(let m):
            fields.context("body.request.movie", m.request.movie)
            fields.text("body.request.substoryContent", m.request.substoryContent)
            fields.name("body.request.tinystory.location", m.request.tinystory.location)
            fields.text("body.request.tinystory.content", m.request.tinystory.content)
        case .learnStyle(let m):
            fields.style("body.style", m.style)
            fields.text("body.referenceImages", m.referenceImages ?? "")
        case .renderFrame(let m):
            fields.check("body.prompt", m.prompt, FieldRules.text(m.prompt, maxBytes: limits.maxPromptBytes))
            if let hints = m.hints {
                fields.name("body.hints.location", hints.location)
                fields.characters("body.hints.characters", hints.characters)
                fields.name("body.hints.verb", hints.verb)
                fields.name("body.hints.expression", hints.expression)
            }
        case .styleReady, .validateMovie:
            break
        }
        if let (field, value, rule) = fields.first { throw violation(envelope, field, value, rule) }
    }

    /// The movie a message's body names.
    static func bodyMovie(_ envelope: Envelope) -> MovieRef {
        switch envelope.body {
        case .writePlot(let m): return m.movie
        case .expandSubstory(let m): return m.movie
        case .expandTinystory(let m): return m.movie
        case .learnStyle(let m): return m.movie
        case .styleReady(let m): return m.movie
        case .renderFrame(let m): return m.movie
        case .validateMovie(let m): return m.movie
        }
    }
}

/// Collects the first text or list of a message that breaks its rule.
struct TextFields {
    let limits: MessageLimits
    /// The first violation: field, value, rule.
    private(set) var first: (String, String, String)?

    init(limits: MessageLimits) {
        self.limits = limits
    }

    mutating func check(_ field: String, _ value: String, _ rule: String?) {
        if first == nil, let rule { first = (field, value, rule) }
    }

    mutating func text(_ field: String, _ value: String) {
        check(field, value, FieldRules.text(value, maxBytes: limits.maxTextBytes))
    }

    mutating func name(_ field: String, _ value: String) {
        check(field, value, FieldRules.text(value, maxBytes: limits.maxNameBytes))
    }

    mutating func names(_ field: String, _ values: [String]) {
        check(field, "\(values.count) entries", FieldRules.count(values.count, maxCount: limits.maxListCount))
        for (i, value) in values.enumerated() where first == nil { name("\(field)[\(i)]", value) }
    }

    mutating func style(_ field: String, _ style: StyleSpec) {
        name("\(field).keyword", style.keyword)
        text("\(field).tone", style.tone)
        text("\(field).description", style.description)
    }

    mutating func characters(_ field: String, _ characters: [StoryCharacter]) {
        check(field, "\(characters.count) entries", FieldRules.count(characters.count, maxCount: limits.maxListCount))
        for (i, character) in characters.enumerated() where first == nil {
            name("\(field)[\(i)].name", character.name)
            text("\(field)[\(i)].appearance", character.appearance)
        }
    }

    mutating func context(_ field: String, _ movie: MovieContext) {
        name("\(field).title", movie.title)
        name("\(field).genre", movie.genre)
        style("\(field).style", movie.style)
        names("\(field).locations", movie.locations)
        characters("\(field).characters", movie.characters)
    }
}

extension MessageCheck {
    /// Throws a ``MessageViolation`` unless the messages of `movieId` in run `runId` can pass the door: called where
    /// runs are made (submit, import), so a run the door would refuse is refused at once instead.
    public static func checkSubmission(runId: String, movieId: String, limits: MessageLimits = MessageLimits()) throws {
        for (field, id) in [("runId", runId), ("movieId", movieId)] {
            if let rule = FieldRules.id(id, maxBytes: limits.maxIdBytes) {
                throw MessageViolation(nil, field: field, value: MessageViolation.quote(id), rule: rule)
            }
        }
        let ref = "\(runId)/\(movieId)"
        guard ref.utf8.count <= limits.maxMovieRefBytes else {
            throw MessageViolation(nil, field: "movie", value: MessageViolation.quote(ref),
                                   rule: "<run>/<movie> is at most \(limits.maxMovieRefBytes) bytes (this one is \(ref.utf8.count))")
        }
    }
}
