"""The incident map: ``streamlit run streamlit_app.py [-- --db PATH]``."""

from mapapp.ui import main

# Streamlit runs this file as __main__; a spawned parser process imports it
# under another name and must not start a page.
if __name__ == "__main__":
    main()
