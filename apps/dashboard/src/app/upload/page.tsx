import type { Metadata } from 'next';
import { UploadForm } from '../../components/upload-form';
import { writeMode } from '../../server/write-mode';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Upload run files · lrfinder' };

export default function UploadPage() {
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Upload run files</h1>
          <p className="muted">Each file is validated against the run-file schema before it is stored; existing runs are never overwritten.</p>
        </div>
      </div>
      <UploadForm mode={writeMode()} />
    </>
  );
}
