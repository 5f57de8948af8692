//! Turning a session into documents and terminal text.

pub mod terminal;
