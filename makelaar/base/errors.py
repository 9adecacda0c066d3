class DomainError(Exception):
    """A refused action: the message (translated) is shown to the user, nothing is written.

    Every app's actions raise subclasses of this; views turn it into a form error.
    """
