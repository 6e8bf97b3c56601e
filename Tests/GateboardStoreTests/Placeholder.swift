import Testing
@Test func placeholderStore() { #expect(Bool(true)) }
