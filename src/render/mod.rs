//! Turning a session into documents and terminal text.

pub mod filters;
pub mod templates;
pub mod terminal;
