"""zhoubao: weekly work bulletins (工作周报 / 简报) from a TOML issue file to an official .docx."""

__version__ = "0.1.0"
