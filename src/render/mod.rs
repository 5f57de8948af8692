//! Turning a session into documents and terminal text.

pub mod context;
pub mod filters;
pub mod kaarten;
pub mod markdown;
pub mod templates;
pub mod terminal;
