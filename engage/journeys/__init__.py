"""The journey through a form's pages, shared by the public side and the centre staff's side."""
