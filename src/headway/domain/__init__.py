"""Pure concepts and rules of career management. Standard library only; the clock is passed in."""
