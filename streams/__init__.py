"""quotewire: a live newswire in, attributed statements out, as Kafka events."""

__version__ = "0.1.0"
